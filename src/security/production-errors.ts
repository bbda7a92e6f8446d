import { GraphQLError } from 'graphql';

type MaskError = (error: unknown, message: string, isDev?: boolean) => Error;

/**
 * Production error masking: never the development detail (stacks, causes), and not the
 * `originalError` yoga attaches to some request errors on its own (a JSON parser's message, for
 * one). The error is edited in place: a new object would make yoga log a client's typo as an
 * unexpected server error.
 */
export function withoutInternalDetail(maskError: MaskError): MaskError {
  return (error, message) => {
    const masked = maskError(error, message, false);
    if (masked instanceof GraphQLError && masked.extensions.originalError !== undefined) {
      delete (masked.extensions as Record<string, unknown>).originalError;
    }
    return masked;
  };
}
