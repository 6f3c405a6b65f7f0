/** Every language feature the server offers, in one list. */
import type { Feature } from '../server';
import { codeActions } from './code-actions';
import { codeLensFeature } from './code-lens';
import { completion } from './completion';
import { documentSymbols } from './document-symbols';
import { expectationTestsFeature } from './expectation-tests';
import { folding } from './folding';
import { formatting } from './formatting';
import { hover } from './hover';
import { inlayHintsFeature } from './inlay-hints';
import { definition, references } from './navigation';
import { rename } from './rename';
import { semanticHighlighting } from './semantic-tokens';
import { timelineFeature } from './timeline';

export const features: Feature[] = [
  inlayHintsFeature,
  hover,
  completion,
  definition,
  references,
  rename,
  documentSymbols,
  folding,
  semanticHighlighting,
  formatting,
  codeActions,
  timelineFeature,
  codeLensFeature,
  expectationTestsFeature,
];
