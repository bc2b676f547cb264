"""The reader's experience in headless Chromium: accessibility, privacy, speed, mobile layout and print."""
