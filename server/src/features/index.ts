/** Every language feature the server offers, in one list. */
import type { Feature } from '../server';

export const features: Feature[] = [];
