/** Every language feature the server offers, in one list. */
import type { Feature } from '../server';
import { inlayHintsFeature } from './inlay-hints';

export const features: Feature[] = [inlayHintsFeature];
