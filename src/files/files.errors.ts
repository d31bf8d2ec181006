import { AppError, NotFoundError } from '../shared/app-error.ts';

/** The file does not exist for this tenant (another tenant's file answers the same). */
export class FileNotFoundError extends NotFoundError {
  constructor() {
    super('FILE_NOT_FOUND', 'file not found');
  }
}

/** The upload is larger than UPLOAD_MAX_BYTES. */
export class FileTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super('FILE_TOO_LARGE', 413, `file exceeds the upload limit of ${maxBytes} bytes`, {
      details: { maxBytes },
    });
  }
}

/** The upload's extension or content is not a drawing format we accept. */
export class UnsupportedFileTypeError extends AppError {
  constructor(message: string) {
    super('UNSUPPORTED_FILE_TYPE', 415, message);
  }
}

/** The request is not a usable upload (no `file` field, broken multipart). */
export class InvalidUploadError extends AppError {
  constructor(message: string) {
    super('INVALID_UPLOAD', 400, message);
  }
}

/** A list cursor that we did not issue or that is malformed. */
export class InvalidCursorError extends AppError {
  constructor() {
    super('INVALID_CURSOR', 400, 'cursor is not valid');
  }
}
