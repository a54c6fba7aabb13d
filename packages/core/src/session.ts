/** Version of tickfold's code and of the on-disk event format. */
export const TICKFOLD_VERSION = '0.1.0';
export const FORMAT_VERSION = 1;
