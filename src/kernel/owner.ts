/** Whose objects: a merchant in test or live mode. */
export interface Owner {
  merchantId: string;
  livemode: boolean;
}

/** The columns that scope a query to an owner's objects. */
export function scopeOf(owner: Owner): { merchantId: string; livemode: boolean } {
  return { merchantId: owner.merchantId, livemode: owner.livemode };
}

/** A partner in test or live mode: its own webhook endpoints, and the events of all its merchants. */
export interface PartnerOwner {
  partnerId: string;
  livemode: boolean;
}

/** Who subscribes to events: a merchant (its own), or a partner (all its merchants'). */
export type Subscriber = Owner | PartnerOwner;

export function isPartner(subscriber: Subscriber): subscriber is PartnerOwner {
  return 'partnerId' in subscriber && !('merchantId' in subscriber);
}

/** The columns that scope events (and webhook endpoints) to a subscriber's. */
export function subscriberScopeOf(subscriber: Subscriber): { merchantId: string; livemode: boolean } | { partnerId: string; livemode: boolean } {
  return isPartner(subscriber) ? { partnerId: subscriber.partnerId, livemode: subscriber.livemode } : scopeOf(subscriber);
}
