// Small real images for branding tests.

/** A 24×24 PNG in a dark blue. */
export const PNG_LOGO = 'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAAH0lEQVR4nGOQ9btBFcQwatCoQaMGjRo0atCoQQNvEADMs9bftY+40QAAAABJRU5ErkJggg==';
