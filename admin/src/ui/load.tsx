import type { ComponentChildren } from 'preact';
import type { Resource } from '../model/resource';
import { ErrorState, Loading } from './status';

interface Props<T> {
  resource: Resource<T>;
  /** What is loading, for the Loading and error text: "people", "the audit log". */
  what: string;
  children: (data: T) => ComponentChildren;
}

/**
 * Renders a resource's three states: Loading until the first answer, the error with Retry, then
 * `children(data)`. A reload keeps showing the data it has, so the page does not jump.
 */
export function Loaded<T>({ resource, what, children }: Props<T>) {
  const { data, error } = resource;
  if (error.value) return <ErrorState title={`Could not load ${what}`} message={error.value.message} onRetry={() => void resource.load()} />;
  if (data.value === null) return <Loading label={`Loading ${what}…`} />;
  return <>{children(data.value)}</>;
}
