"""The harness behind ``gongkai eval``: records scored against gold files, and the HTML evaluation report."""
