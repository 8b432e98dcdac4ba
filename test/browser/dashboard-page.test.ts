// dashboardPage on its own: what it puts into the HTML is escaped, and it
// names no other origin.
import { describe, expect, it } from 'vitest';
import { dashboardPage } from '../../src/http/dashboard.js';
import { parseWall, simulate } from '../../src/index.js';

const result = simulate(parseWall('21 25 28\n17\n17 22 17 19 17\n'));

describe('dashboardPage', () => {
  it('escapes the mount path (it comes from the request)', () => {
    const page = dashboardPage(result, { mount: '/w"><script>alert(1)</script>' });
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('data-mount="/w&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('shows the configuration it is given in the form', () => {
    const page = dashboardPage(result, { mount: '', teams: 2, strategy: 'longestFirst' });
    expect(page).toContain('value="2"');
    expect(page).toContain('<option selected>longestFirst</option>');
  });

  it('names no other origin: only the SVG namespace is a URL', () => {
    const page = dashboardPage(result, { mount: '/api' });
    expect(page.match(/https?:\/\/[^\s"']+/g)).toEqual(['http://www.w3.org/2000/svg']);
  });
});
