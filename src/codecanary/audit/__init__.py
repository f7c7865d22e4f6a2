"""Audits of the usual root causes of a regression, run before or after a deploy.

One module (or subpackage) per audit: the tokenizer/embedding audit and the
fine-tuning dataset audit. Each is a library function that returns a typed
report; ``codecanary audit ...`` only parses arguments and prints it.
"""
