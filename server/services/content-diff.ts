// The grouping lives in shared/ so the CLI computes the very diff the server answers.
export { contentChanges, keyedById } from '../../shared/content-changes';
