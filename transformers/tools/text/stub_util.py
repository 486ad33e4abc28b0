from .symbols import ORTH
def update_exc(base, *adds):
    exc = dict(base)
    for a in adds:
        for orth, toks in a.items():
            assert orth == "".join(t[ORTH] for t in toks)
        exc.update(a)
    new = dict(exc)
    for k, toks in exc.items():
        if "'" in k:
            new[k.replace("'", "\u2019")] = [dict(t, **{ORTH: t[ORTH].replace("'", "\u2019")}) for t in toks]
    return new
