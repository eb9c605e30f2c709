import hashlib

from odoo import models
from odoo.addons.base.models.res_users import INDEX_SIZE, KEY_CRYPT_CONTEXT
from odoo.tools import SQL
from odoo.tools.lru import LRU

from ..api.payload import API_KEY_SCOPE

#: (SHA-256 of a key, stored hash of the key) pairs PBKDF2 already verified in this process.
VERIFIED_KEYS = LRU(1024)


class ResUsersApikeys(models.Model):
    _inherit = "res.users.apikeys"

    def _check_credentials(self, *, scope, key):
        """The keys of the order_sync scope are checked on every request of the app, and the
        PBKDF2 check of a key costs about 4 ms (on purpose: it protects passwords). An API key is
        random (160 bits), so a fast hash of it is as safe to keep in memory: once PBKDF2 accepted
        a key against a stored hash, the same key against the same stored hash is accepted
        without PBKDF2. The database row is read on every request as Odoo does (same query), so a
        deleted or expired key or an archived user is refused at once."""
        if scope != API_KEY_SCOPE or not key:
            return super()._check_credentials(scope=scope, key=key)
        self.env.cr.execute(
            SQL(
                """
            SELECT k.user_id, k.key
              FROM res_users_apikeys k
              JOIN res_users u ON u.id = k.user_id
             WHERE u.active AND k.index = %(index)s
               AND (k.scope IS NULL OR k.scope = %(scope)s)
               AND (k.expiration_date IS NULL OR k.expiration_date >= now() at time zone 'utc')
            """,
                index=key[:INDEX_SIZE],
                scope=scope,
            )
        )
        digest = hashlib.sha256(key.encode()).hexdigest()
        for user_id, stored_hash in self.env.cr.fetchall():
            if (digest, stored_hash) in VERIFIED_KEYS:
                return user_id
            if KEY_CRYPT_CONTEXT.verify(key, stored_hash):
                VERIFIED_KEYS[digest, stored_hash] = True
                return user_id
        return None
