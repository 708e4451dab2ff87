"""Encrypting a backup of any size in constant memory: AES-256-GCM (cryptography) over 1 MiB
segments, the STREAM construction (Hoang, Reyhanitabar, Rogaway and Vizár, 2015) that Tink's and
age's streaming AEADs use. Each segment's nonce is a random prefix, its counter and a flag for
the last one, so a segment cannot be reordered, dropped or the stream cut without the decryption
failing. The file header (magic, key id, prefix) is authenticated with every segment."""
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"YWBK1"
SEGMENT = 1 << 20
TAG = 16


class BadBackup(Exception):
    pass


def encrypt(source, target, key, key_id):
    """Read `source` (a binary file) to its end and write the encrypted stream to `target`."""
    prefix = os.urandom(7)
    header = MAGIC + key_id.encode().ljust(16, b" ") + prefix
    target.write(header)
    aead = AESGCM(key)
    counter = 0
    chunk = source.read(SEGMENT)
    while True:
        following = source.read(SEGMENT)
        last = not following
        nonce = prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")
        target.write(aead.encrypt(nonce, chunk, header))
        if last:
            return
        chunk, counter = following, counter + 1


def key_id_of(source):
    header = source.read(len(MAGIC) + 16 + 7)
    if len(header) != len(MAGIC) + 23 or not header.startswith(MAGIC):
        raise BadBackup("这不是一网的备份文件 / not a yiwang backup file")
    return header, header[len(MAGIC):len(MAGIC) + 16].decode().strip()


def decrypt(source, target, key, header):
    """Decrypt the rest of `source` (after its header) into `target`; BadBackup on any change."""
    aead = AESGCM(key)
    prefix = header[-7:]
    counter = 0
    chunk = source.read(SEGMENT + TAG)
    while True:
        following = source.read(SEGMENT + TAG)
        last = not following
        nonce = prefix + struct.pack(">I", counter) + (b"\x01" if last else b"\x00")
        try:
            target.write(aead.decrypt(nonce, chunk, header))
        except InvalidTag as exc:
            raise BadBackup("备份文件已损坏、被改动或截断，或密钥不对 / the backup is damaged, changed or cut, "
                            "or the key is wrong") from exc
        if last:
            return
        chunk, counter = following, counter + 1
