/** The console's shared UI kit: every area builds its pages from these and the classes in admin/styles.css. */
export { Button, type ButtonVariant } from './button';
export { TextField, TextArea, Select, type Option } from './field';
export { Form, useForm, formErrors, type FormErrors } from './form';
export { ConfirmDialog } from './dialog';
export { CopyButton } from './copy';
export { Loading, Empty, ErrorState } from './status';
export { Announcer, announce, toast } from './announce';
export { PageHeading } from './heading';
export { useUnsavedChanges } from './unsaved';
export { Loaded } from './load';
export { formatTime, relativeTime } from './format';
export { JsonEditor, Warnings, parseJson, issueLine, type Warning } from './json-editor';
