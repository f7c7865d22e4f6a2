import os
import tempfile
import unittest

from flags import is_on, load_flags


def write(text):
    fd, path = tempfile.mkstemp(suffix=".ini")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


class ConfigTest(unittest.TestCase):
    def test_repo_config(self):
        flags = load_flags("config/flags.ini")
        self.assertFalse(flags["new_checkout"].enabled)
        self.assertTrue(flags["dark_mode"].enabled)
        self.assertEqual(flags["dark_mode"].rollout, 100)
        self.assertTrue(flags["beta_search"].enabled)
        self.assertEqual(flags["beta_search"].rollout, 10)
        self.assertFalse(is_on(flags, "new_checkout", 1))
        self.assertTrue(is_on(flags, "dark_mode", 99))

    def test_spellings(self):
        path = write("[a]\nenabled = OFF\n[b]\nenabled = 1\n[c]\nenabled = false\n[d]\nenabled = TRUE\n[e]\nrollout = 5\n")
        f = load_flags(path)
        self.assertEqual([f[k].enabled for k in "abcde"], [False, True, False, True, False])

    def test_garbage_raises(self):
        path = write("[weird]\nenabled = maybe\n")
        with self.assertRaises(ValueError) as cm:
            load_flags(path)
        self.assertIn("weird", str(cm.exception))
