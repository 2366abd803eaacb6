import type { Surface } from '../schemas/rule';

/** Whether a surface interrupts (banners, toasts and modals share one place and the budget) or sits in its own place. */
export const INTERRUPTIVE: Readonly<Record<Surface, boolean>> = { banner: true, toast: true, modal: true, inline: false, panel: false };
