import { Fragment } from 'preact';

/**
 * A description from the document, with its `code spans` shown as code. The document's prose is
 * CommonMark, but ours uses little beyond code spans; the rest reads fine as plain text, and no
 * markup from the document is ever put into the page as HTML.
 */
export function Prose({ text }: { text: string }) {
  const parts = text.split(/`([^`]+)`/);
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

/** A path with break opportunities after each slash, so a long one wraps between its segments. */
export function PathText({ path }: { path: string }) {
  const segments = path.split('/');
  return (
    <>
      {segments.map((s, i) => (
        <Fragment key={i}>
          {s}
          {i < segments.length - 1 && '/'}
          {i < segments.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  );
}
