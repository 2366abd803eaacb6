import type { AreaProps } from '../types';
import { Empty, PageHeading } from '../../ui';

/** Placeholder: the environments area (list, create, delete, keys) is built on branch console-env. */
export default function Environments({ envs }: AreaProps) {
  return (
    <>
      <PageHeading title="Environments" />
      <Empty>
        {envs.length} environment{envs.length === 1 ? '' : 's'}: {envs.map((e) => e.name).join(', ') || 'none yet'}.
      </Empty>
    </>
  );
}
