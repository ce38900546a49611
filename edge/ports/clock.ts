/** The time source: UTC milliseconds. Domain rules take `now` from here, never from Date. */
export interface Clock {
  now(): number;
}
