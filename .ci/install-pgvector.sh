#!/usr/bin/env bash
# Builds pgvector from Debian trixie's source package into the machine's own PostgreSQL server.
# Debian bookworm ships no pgvector package; trixie's source builds cleanly against bookworm's server headers.
# The mirror is read from the machine's own apt configuration, so nothing here names a host.
# Idempotent: exits at once when the server already offers the extension.
set -euo pipefail

pg_major=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
pg_config="/usr/lib/postgresql/${pg_major}/bin/pg_config"
ext_dir="/usr/share/postgresql/${pg_major}/extension"

if [ -f "${ext_dir}/vector.control" ]; then
  echo "pgvector: already installed for PostgreSQL ${pg_major}"
  exit 0
fi

mirror=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n 1 || true)
if [ -z "${mirror}" ]; then
  mirror=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | grep -v security | awk '{print $2}' | head -n 1 || true)
fi
[ -n "${mirror}" ] || { echo "pgvector: no Debian mirror found in the apt configuration" >&2; exit 1; }

export DEBIAN_FRONTEND=noninteractive
server_version=$(dpkg-query -W -f='${Version}' "postgresql-${pg_major}")
apt-get update -qq
# Pinned to the running server's version so apt does not upgrade the server underneath us.
apt-get install -y -qq --no-install-recommends "postgresql-server-dev-${pg_major}=${server_version}" dpkg-dev make gcc >/dev/null

work=$(mktemp -d)
chmod 755 "${work}"
trap 'rm -rf "${work}"' EXIT
mkdir -p "${work}/lists/partial"
echo "deb-src ${mirror} trixie main" >"${work}/sources.list"
apt_private=(-o "Dir::Etc::SourceList=${work}/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=${work}/lists" -o "APT::Get::List-Cleanup=0")
apt-get "${apt_private[@]}" update -qq
(cd "${work}" && apt-get "${apt_private[@]}" source --download-only -qq pgvector >/dev/null)
src_dir="${work}/src"
mkdir -p "${src_dir}"
(cd "${work}" && dpkg-source -x --no-check ./pgvector_*.dsc "${src_dir}/pgvector" >/dev/null)
make -C "${src_dir}/pgvector" -s PG_CONFIG="${pg_config}" OPTFLAGS="" >/dev/null
make -C "${src_dir}/pgvector" -s PG_CONFIG="${pg_config}" install >/dev/null
echo "pgvector: installed $(grep default_version "${ext_dir}/vector.control") for PostgreSQL ${pg_major}"
