"""Checks beyond a valid spec: the lints (captions, alt text, dates, phones, links, reach) and
the legibility of every graphic's plan, as findings with their place in the spec."""
