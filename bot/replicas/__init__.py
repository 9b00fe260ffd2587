"""State shared by gateway replicas, kept in Redis: used only when REDIS_URL is set.

Each module here is the Redis twin of an in-process default with the same interface: the event hub
(`hub.py`), per-conversation locks (`locks.py`), rate limits (`ratelimit.py`) and the staff sign-in
limits (`signin.py`). `bot/state.py` chooses between the two sets; without REDIS_URL nothing here is
imported. If Redis stops answering, each falls back to its in-process twin (limits and ordering then
hold per replica, as they do without Redis) and says so once in the log: people are still answered.
"""
