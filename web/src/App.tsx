// The app's frame: a header with the sections, the signed-in user, and the page of the current path.
import { useEffect } from 'react';
import { Link, navigate, usePath } from './router.tsx';
import { useSession } from './session.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { DrawingsPage } from './pages/DrawingsPage.tsx';
import { ViewerPage } from './pages/ViewerPage.tsx';
import { EstimatePage } from './pages/EstimatePage.tsx';
import { AutomationPage } from './pages/AutomationPage.tsx';
import { TeamPage } from './pages/TeamPage.tsx';
import { OperatorPage } from './pages/OperatorPage.tsx';

const SECTIONS = [
  { path: '/drawings', label: 'Drawings' },
  { path: '/estimates', label: 'Estimates' },
  { path: '/automation', label: 'Automation' },
  { path: '/team', label: 'Team' },
];

/** The page for a path; unknown paths say so. */
function Page({ path }: { path: string }) {
  const [, section = '', id] = path.split('/');
  switch (section) {
    case 'drawings':
      return id ? <ViewerPage fileId={id} /> : <DrawingsPage />;
    case 'estimates':
      return <EstimatePage estimateId={id} fileId={new URLSearchParams(location.search).get('file')} />;
    case 'automation':
      return <AutomationPage />;
    case 'team':
      return <TeamPage />;
    default:
      return (
        <main id="main" className="page">
          <h1>Page not found</h1>
          <p>
            There is no page at <code>{path}</code>. Go to the <Link to="/drawings">drawings</Link>.
          </p>
        </main>
      );
  }
}

/** The whole app. */
export function App() {
  const path = usePath();
  const { user, signOut } = useSession();

  const operator = path === '/operator';
  useEffect(() => {
    if (operator) return; // the operator console signs in with its own token
    if (user === null && path !== '/signin') navigate(`/signin`, { replace: true });
    if (user && (path === '/signin' || path === '/')) navigate('/drawings', { replace: true });
  }, [user, path, operator]);

  if (operator) return <OperatorPage />;
  if (user === undefined) return <p className="loading">Loading…</p>;
  if (user === null) return <SignInPage />;
  const section = `/${path.split('/')[1] ?? ''}`;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <span className="brand">Construction AI</span>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.path}>
                <Link to={s.path} aria-current={section === s.path ? 'page' : undefined}>
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="user">
          <span>
            {user.email} <span className="role">{user.role}</span>
          </span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <Page path={path} />
    </>
  );
}
