// Every column type the read paths use, as a Prisma.Sql-shaped statement (text with $n, values)
// that needs no Prisma runtime to load.
export const TYPES_QUERY = {
  text: `SELECT '2015-09-02'::date AS day, NULL::date AS no_day, 12345678901234::int8 AS big, 7::int AS small,
    1.5::float8 AS real, true AS yes, 'Kim’s “북한”'::text AS text, ARRAY['a', 'b'] AS list, ARRAY[1, 2] AS numbers,
    '2026-11-27 10:00:00.5'::timestamp AS at, '2026-11-27 10:00:00.5+09'::timestamptz AS at_zone,
    json_build_object('a', json_build_array(1, 'x', NULL)) AS object, $1::date AS from_date, $2::text[] AS from_list, $3::int AS from_number`,
  values: [new Date('2016-03-02T00:00:00Z'), ['x', 'y'], 42]
}
