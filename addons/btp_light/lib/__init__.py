# Pure, ORM-free helpers of btp_light (format writers).
