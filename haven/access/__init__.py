"""The one access policy for children's records: every read and write of a child's record asks
this package. Its first version lets in signed-in, active staff of the authority (a user with a
Worker profile, or a superuser); the access-control issue deepens it by role and relationship."""
