export { RulePreview, type RulePreviewProps } from './RulePreview';
export { wordRule, type Pick, type Worded } from './word';
