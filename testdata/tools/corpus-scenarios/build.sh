#!/bin/sh
# regenerate one scenario and restore its README
set -e
cd /tmp/gen
name=$1; script=$2
rm -rf /work/main/testdata/snapshots/$name
python3 $script
cp readme/$name.md /work/main/testdata/snapshots/$name/README.md
