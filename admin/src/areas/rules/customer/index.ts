/** Preview as a customer and reach, for the rule editor: `<CustomerPreview envId rule />` and `<Reach envId rule />`. */
export { CustomerPreview } from './customer-preview';
export { Reach } from './reach';
export { resetCustomerPanels } from './model';
