export { ContentSection, type ContentSectionProps } from './ContentSection';
export { LIMITS, FIELDS, type Field } from './places';
export { listVariables, type Variable } from './variables';
export { contentErrors, missingTranslations } from './checks';
