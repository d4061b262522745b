/** Whose objects: a merchant in test or live mode. */
export interface Owner {
  merchantId: string;
  livemode: boolean;
}

/** The columns that scope a query to an owner's objects. */
export function scopeOf(owner: Owner): { merchantId: string; livemode: boolean } {
  return { merchantId: owner.merchantId, livemode: owner.livemode };
}
