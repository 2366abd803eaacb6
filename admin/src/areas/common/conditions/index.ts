/** The condition builder: audiences of rules and segments of next steps, as the engine reads them. */
export { ConditionEditor, type ConditionEditorProps } from './ConditionEditor';
export { attributesFor, type AttributeOption } from './attributes';
