/** A refusal with the HTTP status and `{ error, message }` the API answers with. */
export class AnnotationError extends Error {
  override name = 'AnnotationError';
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** 404 for an unknown id. */
export function notFound(what: string, id: string): AnnotationError {
  return new AnnotationError(404, 'not_found', `no ${what} with id '${id}'`);
}

/** 400 naming the field. */
export function invalid(field: string, problem: string): AnnotationError {
  return new AnnotationError(400, 'invalid', `${field}: ${problem}`);
}
