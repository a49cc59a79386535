export { getList } from './frappe-client';
export { executeMethod, isWriteMethod, resolveMethod, WHITELISTED } from './method-registry';
export type { Resolution } from './method-registry';
export type { FormDict, MethodDef } from './method-def';
