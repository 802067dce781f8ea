import yaml, sys, os, subprocess
rule = sys.argv[1]
d = yaml.safe_load(open(f'/work/main/rules-wip-b/tests/{rule}.yaml'))
for c in d['cases']:
    if len(sys.argv) > 2 and c['name'] not in sys.argv[2:]: continue
    root = f'/tmp/mat/{rule}/{c["name"]}'
    subprocess.run(['rm','-rf',root])
    for p, v in c['files'].items():
        fp = os.path.join(root, p); os.makedirs(os.path.dirname(fp), exist_ok=True)
        open(fp,'w').write(v)
    r = subprocess.run(['/tmp/gpfb','scan','--rules','/work/main/rules-wip-b','-v','--color','never','-f','json',root],capture_output=True,text=True)
    import json
    try:
        j = json.loads(r.stdout)
    except Exception:
        print(r.stdout[:500], r.stderr[:500]); continue
    for h in j.get('hosts', j.get('results', [])) if isinstance(j, dict) else []:
        pass
    # find findings
    def walk(o):
        if isinstance(o, dict):
            if o.get('rule_id') == rule or o.get('rule') == rule:
                yield o
            for v in o.values(): yield from walk(v)
        elif isinstance(o, list):
            for v in o: yield from walk(v)
    for f in walk(j):
        print(f"[{c['name']}] {f.get('subject')} {f.get('status')}: {f.get('message')}")
