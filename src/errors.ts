// Named errors with codes, thrown where they arise. Each surface renders them once:
// REST as RFC 9457 problem+json (src/http/problems.ts), GraphQL with extensions.code.

export class AppError extends Error {
  constructor (
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {}
  ) {
    super(detail)
    this.name = new.target.name
  }
}

export class NotFoundError extends AppError {
  constructor (detail: string) { super(404, 'not-found', 'Not Found', detail) }
}

/** Input that parsed but means nothing here: an unknown slug in a filter, a cursor from another sort. */
export class InvalidInputError extends AppError {
  constructor (field: string, detail: string) {
    super(400, 'invalid-parameter', 'Bad Request', detail, { errors: [{ field, message: detail }] })
  }
}
