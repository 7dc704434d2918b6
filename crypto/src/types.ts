declare const brand: unique symbol;
/** A string that the type system keeps apart from other strings of the same shape. */
export type Brand<T, Name extends string> = T & { readonly [brand]: Name };

/** 40 lowercase hex digits of a v4 OpenPGP fingerprint. */
export type Fingerprint = Brand<string, 'Fingerprint'>;
/** 16 lowercase hex digits of an OpenPGP key ID. */
export type KeyId = Brand<string, 'KeyId'>;
/** A reference to a private key unlocked inside the crypto endpoint; the key itself never leaves it. */
export type KeyRef = Brand<string, 'KeyRef'>;
/** The reporter's return code as shown to them: 16 Crockford base32 characters in groups of four. */
export type Receipt = Brand<string, 'Receipt'>;
/** A lawyer's delegated code, issued by the reporter: the receipt's format, derived with its own salt. */
export type AccessCode = Brand<string, 'AccessCode'>;
