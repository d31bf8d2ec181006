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

/** The disk of the file store is full (or over its quota): the upload was not stored. */
export class StorageFullError extends AppError {
  constructor(options?: { cause?: unknown }) {
    super(
      'STORAGE_FULL',
      507,
      'the file store is out of space, so the upload was not stored; try again once the operator has freed space',
      options,
    );
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

/** The takeoff adjustment does not exist for this tenant's file. */
export class AdjustmentNotFoundError extends NotFoundError {
  constructor() {
    super('ADJUSTMENT_NOT_FOUND', 'takeoff adjustment not found');
  }
}

/** A takeoff adjustment that cannot apply to the file's takeoff (unknown line, tool and item that disagree…). */
export class InvalidAdjustmentError extends AppError {
  constructor(message: string) {
    super('INVALID_ADJUSTMENT', 422, message);
  }
}

/** Adjustments correct a completed takeoff; the file's analysis has not completed. */
export class TakeoffNotReadyError extends AppError {
  constructor(status: string) {
    super(
      'TAKEOFF_NOT_READY',
      409,
      `the file's analysis is ${status}; adjust its takeoff once it has completed`,
    );
  }
}
