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

/** No credentials, or credentials that name no live key. */
export class UnauthorizedError extends AppError {
  constructor (detail: string) { super(401, 'unauthorized', 'Unauthorized', detail) }
}

/** A valid key whose role does not allow this. */
export class ForbiddenError extends AppError {
  constructor (detail: string) { super(403, 'forbidden', 'Forbidden', detail) }
}

/** A write that contradicts the data: a slug already taken, a record others still reference. */
export class ConflictError extends AppError {
  constructor (detail: string, extensions: Record<string, unknown> = {}) { super(409, 'conflict', 'Conflict', detail, extensions) }
}

/** The client edited a version of the record that is no longer the current one. */
export class StaleVersionError extends AppError {
  constructor (detail: string, currentVersion: number) { super(412, 'precondition-failed', 'Precondition Failed', detail, { currentVersion }) }
}
