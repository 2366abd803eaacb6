import { UpshiftError } from '../client/error';

/** Exit codes, documented in `upshift --help`; scripts and CI branch on them. */
export const EXIT = {
  ok: 0,
  /** The files or request did not pass validation or lint, or the server refused it (4xx). */
  refused: 1,
  /** Unknown command or flag, a missing or malformed argument. */
  usage: 2,
  /** No URL or key, the server unreachable or not Upshift, the key refused (401/403), or a server error (5xx). */
  connection: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** One problem at a place: a file and a field path inside it, or a server path. */
export interface Problem {
  where: string;
  message: string;
}

/** A failure the CLI reports and exits with: a message, optional problems, and the exit code. */
export class CliFailure extends Error {
  override readonly name = 'CliFailure';
  constructor(
    readonly exitCode: ExitCode,
    readonly code: string,
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliFailure(EXIT.usage, 'usage', message);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The server's `details.issues` (path and message each), when it sent any. */
function serverProblems(details: unknown): Problem[] {
  const issues = isObject(details) && Array.isArray(details.issues) ? details.issues : [];
  return issues.flatMap((i) => (isObject(i) && typeof i.message === 'string' ? [{ where: typeof i.path === 'string' ? i.path : '', message: i.message }] : []));
}

/** The exit code a client error earns: auth, network and server faults are 3; other refusals 1. */
export function fromClientError(e: UpshiftError): CliFailure {
  const connection = e.status === 0 || e.status === 401 || e.status === 403 || e.status >= 500 || e.code === 'unexpected_response';
  const hint = e.status === 401 ? ' (check --key or UPSHIFT_SECRET_KEY)' : '';
  return new CliFailure(connection ? EXIT.connection : EXIT.refused, e.code, `${e.message}${hint}`, serverProblems(e.details));
}
