/** The core's diagnostics as LSP diagnostics. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { ReplDiagnostic } from '../language/diagnostic';

const severities: Record<ReplDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: ReplDiagnostic): Diagnostic {
  return {
    range: d.range,
    severity: severities[d.severity],
    message: d.message,
    code: d.code,
    source: 'replscope',
    ...(d.suggestion !== undefined ? { data: { suggestion: d.suggestion } } : {}),
  };
}
