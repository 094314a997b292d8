// Reading the directory's GET filters (/mentors?field=…&industry=…&sigun=…&now=1).
import { INDUSTRIES } from '../industries';
import { SIGUN_CODES } from '../regions';
import { MENTOR_FIELDS } from './fields';
import type { DirectoryFilters } from './profiles';

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined => (values.includes(value as T) ? (value as T) : undefined);

export function parseDirectoryFilters(params: URLSearchParams): DirectoryFilters {
  return {
    field: oneOf(MENTOR_FIELDS, params.get('field')),
    industry: oneOf(INDUSTRIES, params.get('industry')),
    sigun: oneOf(SIGUN_CODES, params.get('sigun')),
    availableNow: params.get('now') === '1',
    kind: params.get('kind') === 'senior' ? 'senior' : 'mentor',
  };
}
