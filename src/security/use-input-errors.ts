import { GraphQLError, Kind, specifiedRules, ValuesOfCorrectTypeRule, type ExecutionResult, type ValidationContext, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The code every bad argument value gets, as `invalidInput` gives a bad id (docs/api.md). */
const CODE = 'INVALID_INPUT';

function asInputError(error: GraphQLError): GraphQLError {
  // yoga answers a coercion error 400 whatever the client accepts; `spec` lets a plain application/json client get 200, as for a literal.
  const extensions = { ...error.extensions, code: CODE, http: { spec: true, status: 400 } };
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, originalError: error.originalError, extensions });
}

/** graphql-js's own check of argument literals, with each error it reports coded as bad input. */
const valuesOfCorrectTypeAsInput: ValidationRule = (context) => {
  const reporting: ValidationContext = Object.create(context);
  reporting.reportError = (error) => context.reportError(asInputError(error));
  return ValuesOfCorrectTypeRule(reporting);
};

/** Nothing ran and every error points at a variable definition: the variables did not coerce. */
function isVariableCoercionFailure(result: ExecutionResult): boolean {
  return !('data' in result) && !!result.errors?.length && result.errors.every((e) => e.nodes?.length && e.nodes.every((n) => n.kind === Kind.VARIABLE_DEFINITION));
}

function recodeVariableErrors({ result, setResult }: { result: unknown; setResult(result: ExecutionResult): void }): void {
  const single = result as ExecutionResult;
  if (single && typeof single === 'object' && 'errors' in single && isVariableCoercionFailure(single)) {
    setResult({ ...single, errors: single.errors!.map(asInputError) });
  }
}

/**
 * A value that is not of its argument's type is the client's bad input, whether it came as a
 * literal (graphql-js reports it while validating, yoga codes it GRAPHQL_VALIDATION_FAILED) or as a
 * variable (reported while coercing, with no code at all). Both become INVALID_INPUT, the code a
 * bad id gets, with 400 as request errors; other validation errors keep their code.
 */
export function useInputErrors(): Plugin {
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((schema, document, rules, ...rest) =>
        validateFn(schema, document, (rules ?? specifiedRules).map((rule: ValidationRule) => (rule === ValuesOfCorrectTypeRule ? valuesOfCorrectTypeAsInput : rule)), ...rest),
      );
    },
    onExecute: () => ({ onExecuteDone: recodeVariableErrors }),
    onSubscribe: () => ({ onSubscribeResult: recodeVariableErrors }),
  };
}
