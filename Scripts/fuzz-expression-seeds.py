#!/usr/bin/env python3
"""Writes expression seeds for the expression fuzz targets: every @(...) / @{...} found in the
policy XML under FIXTURES (XML entities decoded), plus a few hand-written ones covering syntax the
fixtures may not use. Usage: fuzz-expression-seeds.py FIXTURES OUTDIR"""
import hashlib, html, os, sys

fixtures, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)

def spans(text):
    """Naive bracket matching from each @( / @{, skipping "..." and '...' literals."""
    i = 0
    while True:
        i = min([p for p in (text.find("@(", i), text.find("@{", i)) if p >= 0], default=-1)
        if i < 0:
            return
        depth, j, quote = 0, i + 1, None
        while j < len(text):
            c = text[j]
            if quote:
                if c == "\\":
                    j += 1
                elif c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
            elif c in "({[":
                depth += 1
            elif c in ")}]":
                depth -= 1
                if depth == 0:
                    yield text[i:j + 1]
                    break
            j += 1
        i += 2

seen = set()
def write(expr):
    if expr in seen or len(expr) > 4096:
        return
    seen.add(expr)
    name = hashlib.sha1(expr.encode()).hexdigest()[:16]
    with open(os.path.join(out, name + ".cs"), "w") as f:
        f.write(expr)

for base, _, files in os.walk(fixtures):
    for name in files:
        if name.endswith(".xml"):
            with open(os.path.join(base, name), encoding="utf-8", errors="replace") as f:
                raw = f.read()
            for expr in spans(raw):
                write(html.unescape(expr))

for expr in [
    '@(context.Request.Headers.GetValueOrDefault("Authorization","").Split(\' \').Last())',
    '@{ var n = 0; for (int i = 0; i < 10; i++) { n += i; } return n.ToString(); }',
    '@(context.Request.Body.As<JObject>(preserveContent: true)["messages"]?.ToString())',
    '@($"{context.Variables.GetValueOrDefault<int>("backendIndex", 0) + 1:D3}")',
    '@{ var list = new List<string> { "a", "b" }; return string.Join(",", list.Select(x => x.ToUpper()).Where(x => x != "B")); }',
    '@(DateTime.UtcNow.AddSeconds(30).ToString("o") ?? (string)null)',
    '@(Convert.ToBase64String(Encoding.UTF8.GetBytes("x")) is string s ? s.Length : -1)',
    '@{ try { throw new Exception("x"); } catch (Exception e) { return e.Message; } finally { } }',
    '@(Regex.Match("abc123", @"\\d+").Value + (char)65 + 1.5e3m + 0x1F + 10L)',
    '@(context.Request.Headers.GetValueOrDefault("Authorization","").AsJwt()?.Claims.GetValueOrDefault("sub", "none"))',
    '@(new JObject(new JProperty("a", 1)).ToString(Newtonsoft.Json.Formatting.None))',
    '@{ int x = 5; switch (x) { case 5: return "five"; default: return "other"; } }',
]:
    write(expr)
