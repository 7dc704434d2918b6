import { enums, readKey, readMessage, readPrivateKey, type Key, type PrivateKey, type SignaturePacket } from 'openpgp';

/**
 * Every timestamp inside what a submission stores, read with OpenPGP.js (an
 * independent reader of the server's own strict parser): key creation and
 * signature times of the reporter key pair, and, after decrypting with the
 * agency key, the literal-data date. None may be finer than the hour
 * (DESIGN.md, "Rules that keep reporters anonymous").
 */
export interface PacketTime {
  /** Which packet, for the failure message. */
  where: string;
  /** Seconds since the epoch, as written in the packet. */
  seconds: number;
}

const seconds = (date: Date | null) => (date ? Math.round(date.getTime() / 1000) : -1);

function keyTimes(key: Key, half: string): PacketTime[] {
  const times: PacketTime[] = [{ where: `${half}: primary key creation`, seconds: seconds(key.keyPacket.created) }];
  const signature = (where: string) => (s: SignaturePacket) => times.push({ where, seconds: seconds(s.created) });
  // OpenPGP.js keeps direct-key signatures on the key; its typings leave the field out.
  ((key as unknown as { directSignatures: SignaturePacket[] }).directSignatures ?? []).forEach(
    signature(`${half}: direct-key signature`),
  );
  key.revocationSignatures.forEach(signature(`${half}: revocation signature`));
  key.users.forEach((user, u) => {
    user.selfCertifications.forEach(signature(`${half}: user ${u} self-certification`));
    user.otherCertifications.forEach(signature(`${half}: user ${u} certification`));
    user.revocationSignatures.forEach(signature(`${half}: user ${u} revocation`));
  });
  key.subkeys.forEach((subkey, k) => {
    times.push({ where: `${half}: subkey ${k} creation`, seconds: seconds(subkey.keyPacket.created) });
    subkey.bindingSignatures.forEach(signature(`${half}: subkey ${k} binding signature`));
    subkey.revocationSignatures.forEach(signature(`${half}: subkey ${k} revocation`));
  });
  return times;
}

/** The times in both halves of a stored reporter key pair. */
export async function reporterKeyTimes({
  armoredPublicKey,
  armoredPrivateKey,
}: {
  armoredPublicKey: string;
  armoredPrivateKey: string;
}): Promise<PacketTime[]> {
  return [
    ...keyTimes(await readKey({ armoredKey: armoredPublicKey }), 'public key'),
    ...keyTimes(await readPrivateKey({ armoredKey: armoredPrivateKey }), 'private key'),
  ];
}

/** What this helper reads of OpenPGP.js's packets (its typings leave `date` and `packets` out). */
interface AnyPacket {
  constructor: { tag?: number };
  date?: Date | null;
  packets?: Iterable<AnyPacket>;
}

function literalTimes(packets: Iterable<AnyPacket>, depth = 0): PacketTime[] {
  const times: PacketTime[] = [];
  for (const packet of packets) {
    const tag = packet.constructor.tag;
    if (tag === enums.packet.literalData) {
      times.push({ where: `literal data (depth ${depth})`, seconds: seconds(packet.date ?? null) });
    } else if (tag === enums.packet.compressedData) {
      times.push(...literalTimes(packet.packets ?? [], depth + 1));
    }
  }
  return times;
}

/** The literal-data date(s) inside a stored report, decrypted with the agency key. */
export async function reportTimes(armoredReport: string, agencyKey: PrivateKey): Promise<PacketTime[]> {
  const message = await readMessage({ armoredMessage: armoredReport });
  const decrypted = await message.decrypt([agencyKey]);
  // Reading the data makes OpenPGP.js parse the inner packets (a compressed packet's content too).
  decrypted.getLiteralData();
  await decrypted.getText();
  return literalTimes(decrypted.packets as unknown as Iterable<AnyPacket>);
}

/** Every time in one stored submission. */
export async function submissionTimes(
  stored: { armoredReport: string; reporterKey: { armoredPublicKey: string; armoredPrivateKey: string } | null },
  agencyKey: PrivateKey,
): Promise<PacketTime[]> {
  return [
    ...(await reportTimes(stored.armoredReport, agencyKey)),
    ...(stored.reporterKey ? await reporterKeyTimes(stored.reporterKey) : []),
  ];
}

/** The times finer than the hour (empty when all is well); assert on this with the list of times beside it. */
export const finerThanHour = (times: PacketTime[]) => times.filter((t) => t.seconds < 0 || t.seconds % 3600 !== 0);
