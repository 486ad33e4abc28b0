"""Generates embark's data tables for io.embark.transformers.text from spaCy's English tokenizer data
(explosion/spaCy, MIT licence) and Python's html module (the WHATWG named character reference list)."""
import os, sys, html, html.entities
sys.path.insert(0, os.environ.get('SPACY_DATA', 'build/sp'))
import re._parser as P
from re._constants import *
from spacy.lang.punctuation import TOKENIZER_PREFIXES, TOKENIZER_SUFFIXES
from spacy.lang.en.punctuation import TOKENIZER_INFIXES
from spacy.lang.char_classes import LIST_ICONS
from spacy.lang.tokenizer_exceptions import URL_PATTERN
from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

PY_SPACE = ''.join('\\x{%X}' % c for c in range(0x110000) if chr(c).isspace())
def lit(c):
    ch = chr(c)
    return ch if (ch.isascii() and ch.isalnum()) else '\\x{%X}' % c
def cat_in_class(c):
    return {CATEGORY_DIGIT: r'\p{Nd}', CATEGORY_NOT_DIGIT: r'\P{Nd}', CATEGORY_WORD: r'\p{L}\p{N}_',
            CATEGORY_NOT_WORD: r'[^\p{L}\p{N}_]', CATEGORY_SPACE: PY_SPACE, CATEGORY_NOT_SPACE: '[^' + PY_SPACE + ']'}[c]
def emit(seq):
    out = []
    for op, av in seq:
        if op is LITERAL: out.append(lit(av))
        elif op is NOT_LITERAL: out.append('[^' + lit(av) + ']')
        elif op is ANY: out.append('[^\\n]')
        elif op is IN:
            neg = False; parts = []
            for iop, iav in av:
                if iop is NEGATE: neg = True
                elif iop is LITERAL: parts.append(lit(iav))
                elif iop is RANGE: parts.append(lit(iav[0]) + '-' + lit(iav[1]))
                elif iop is CATEGORY: parts.append(cat_in_class(iav))
                else: raise ValueError(iop)
            out.append('[' + ('^' if neg else '') + ''.join(parts) + ']')
        elif op is BRANCH: out.append('(?:' + '|'.join(emit(b) for b in av[1]) + ')')
        elif op is SUBPATTERN: out.append('(?:' + emit(av[3]) + ')')
        elif op in (MAX_REPEAT, MIN_REPEAT):
            lo, hi, sub = av
            q = '*' if (lo, hi) == (0, MAXREPEAT) else '+' if (lo, hi) == (1, MAXREPEAT) else '?' if (lo, hi) == (0, 1) \
                else '{%d,}' % lo if hi == MAXREPEAT else '{%d,%d}' % (lo, hi)
            out.append('(?:' + emit(sub) + ')' + q + ('?' if op is MIN_REPEAT else ''))
        elif op is AT:
            out.append({AT_BEGINNING: '^', AT_BEGINNING_STRING: '\\A', AT_END: '\\z', AT_END_STRING: '\\z'}[av])
        elif op in (ASSERT, ASSERT_NOT):
            d, sub = av
            out.append('(?' + ('<' if d < 0 else '') + ('=' if op is ASSERT else '!') + emit(sub) + ')')
        else: raise ValueError(op)
    return ''.join(out)


import re as _re
def _cat_chars(cat):
    pat = {CATEGORY_DIGIT: r'\d', CATEGORY_WORD: r'\w', CATEGORY_SPACE: r'\s', CATEGORY_NOT_DIGIT: r'\D', CATEGORY_NOT_WORD: r'\W', CATEGORY_NOT_SPACE: r'\S'}[cat]
    r = _re.compile(pat)
    return {c for c in range(0x110000) if r.match(chr(c))}
def _in_chars(av):
    out = set(); neg = False
    for iop, iav in av:
        if iop is NEGATE: neg = True
        elif iop is LITERAL: out.add(iav)
        elif iop is RANGE: out.update(range(iav[0], iav[1] + 1))
        elif iop is CATEGORY: out |= _cat_chars(iav)
    return set(range(0x110000)) - out if neg else out
def firsts(seq):
    """(set of code points a match can start with, whether seq can match empty)"""
    acc = set()
    for op, av in seq:
        if op in (ASSERT, ASSERT_NOT, AT): continue
        if op is LITERAL: return acc | {av}, False
        if op is NOT_LITERAL: return acc | (set(range(0x110000)) - {av}), False
        if op is ANY: return acc | (set(range(0x110000)) - {10}), False
        if op is IN: return acc | _in_chars(av), False
        if op is BRANCH:
            nullable = False
            for b in av[1]:
                f, nb = firsts(b); acc |= f; nullable |= nb
            if not nullable: return acc, False
            continue
        if op is SUBPATTERN:
            f, nb = firsts(av[3]); acc |= f
            if not nb: return acc, False
            continue
        if op in (MAX_REPEAT, MIN_REPEAT):
            f, nb = firsts(av[2]); acc |= f
            if av[0] > 0 and not nb: return acc, False
            continue
        raise ValueError(op)
    return acc, True
def rev(seq):
    out = []
    for op, av in reversed(list(seq)):
        if op is BRANCH: out.append((op, (av[0], [rev(b) for b in av[1]])))
        elif op is SUBPATTERN: out.append((op, (av[0], av[1], av[2], rev(av[3]))))
        elif op in (MAX_REPEAT, MIN_REPEAT): out.append((op, (av[0], av[1], rev(av[2]))))
        else: out.append((op, av))
    return out
def ranges(cps):
    cps = sorted(cps); out = []; i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1: j += 1
        out.append('%X' % cps[i] if i == j else '%X-%X' % (cps[i], cps[j])); i = j + 1
    return ' '.join(out)
def charset(pieces, last):
    acc = set()
    for p in pieces:
        if not p.strip(): continue
        seq = P.parse(p)
        f, nullable = firsts(rev(seq) if last else seq)
        assert not nullable, p
        acc |= f
    return ranges(acc)

def lit_class(cps):
    out = []
    for part in ranges(cps).split(' '):
        a, _, b = part.partition('-')
        out.append('\\x{%s}' % a + ('-\\x{%s}' % b if b else ''))
    return '[' + ''.join(out) + ']'
def conv(expr):
    seq = list(P.parse(expr))
    if seq and seq[0][0] in (ASSERT, ASSERT_NOT) and seq[0][1][0] < 0:
        # cheap guard: the next consumed character must be one the rest can start with (no change in meaning)
        f, nullable = firsts(seq[1:])
        if not nullable and len(f) < 5000:
            return '(?=' + lit_class(f) + ')' + emit(seq)
    return emit(seq)
hexs = lambda s: '.'.join('%X' % ord(c) for c in s)

with open(sys.argv[1] + '/spacy-en-tokenizer.txt', 'w') as f:
    f.write('# Derived from spaCy 3.8 (explosion/spaCy, MIT licence): spacy/lang/punctuation.py, spacy/lang/char_classes.py,\n')
    f.write('# spacy/lang/en/punctuation.py, spacy/lang/tokenizer_exceptions.py, spacy/lang/en/tokenizer_exceptions.py.\n')
    f.write('# Regular expressions are translated to java.util.regex syntax (one alternative per line, in spaCy\'s order);\n')
    f.write('# a suffix line ends with the code points (hex ranges) its matches can end with;\n')
    f.write('# @icons: the symbol/emoji class, listed once as "icons" (code point ranges) and matched outside the regex;\n')
    f.write('# prefix-first/suffix-last/infix-first: code points (hex ranges) a match can begin/end with, for quick rejection;\n')
    f.write('# exception strings are written as dot-separated hexadecimal code points: key<TAB>token<TAB>token...\n')
    for p in TOKENIZER_PREFIXES:
        if p.strip(): f.write('prefix\t' + ('@icons' if p == LIST_ICONS[0] else conv(p)) + '\n')
    for p in TOKENIZER_SUFFIXES:
        if p.strip(): f.write('suffix\t' + ('@icons' if p == LIST_ICONS[0] else conv(p) + '\t' + charset([p], True)) + '\n')
    for p in TOKENIZER_INFIXES:
        if p.strip(): f.write('infix\t' + ('@icons' if p == LIST_ICONS[0] else conv(p)) + '\n')
    f.write('icons\t' + ranges(_in_chars(P.parse(LIST_ICONS[0])[0][1])) + '\n')
    f.write('prefix-first\t' + charset(TOKENIZER_PREFIXES, False) + '\n')
    f.write('suffix-last\t' + charset(TOKENIZER_SUFFIXES, True) + '\n')
    f.write('infix-first\t' + charset(TOKENIZER_INFIXES, False) + '\n')
    f.write('url\t' + conv(URL_PATTERN) + '\n')
    for k in sorted(TOKENIZER_EXCEPTIONS):
        f.write('exception\t' + hexs(k) + '\t' + '\t'.join(hexs(t['orth']) for t in TOKENIZER_EXCEPTIONS[k]) + '\n')

with open(sys.argv[1] + '/html5-entities.txt', 'w') as f:
    f.write('# HTML5 named character references (WHATWG list, as shipped in Python\'s html.entities.html5) and the\n')
    f.write('# numeric-reference fix-ups of the HTML5 parsing rules. Values are dot-separated hexadecimal code points.\n')
    for k in sorted(html.entities.html5):
        f.write('named\t' + k + '\t' + hexs(html.entities.html5[k]) + '\n')
    for k in sorted(html._invalid_charrefs):
        f.write('charref\t%X\t%s\n' % (k, hexs(html._invalid_charrefs[k])))
    f.write('dropped\t' + ' '.join('%X' % c for c in sorted(html._invalid_codepoints)) + '\n')
