# Odoo 18 (official image) with the Python packages our addons need: the OCA addons (pinned
# in requirements.txt) and our runtime libraries. The suite's own addons are mounted, not copied.
FROM odoo:18.0
USER root
COPY requirements.txt /tmp/suite-requirements.txt
# --no-deps: the OCA wheels require `odoo==18.0.*`, which the image provides as a system package.
# --break-system-packages: the image's Python is Debian/Ubuntu-managed (PEP 668).
RUN pip3 install --no-cache-dir --break-system-packages --no-deps -r /tmp/suite-requirements.txt
USER odoo
