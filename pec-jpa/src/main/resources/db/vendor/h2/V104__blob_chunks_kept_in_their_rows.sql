-- PostgreSQL only (how chunk bytes are stored there); nothing to do on H2.
SELECT 1;
