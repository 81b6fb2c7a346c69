/** The parameter microservice: download all, read one, set one, for one vehicle. */
export { ParamClient, PARAM_DEFAULTS } from './param-client.js';
export type { FetchAllOptions, ParamCallOptions, ParamClientOptions, ParamTiming } from './param-client.js';
export { ParamError } from './param-error.js';
export type { ParamErrorCode } from './param-error.js';
export { PARAM_ID_MAX, PARAM_TYPE, paramTypeName } from './param-value.js';
export type { ParamEntry } from './param-value.js';
