export function SiteFooter() {
  return (
    <footer className="site-footer">
      <p>Stoop is an open-source community marketplace. Buy used, sell what you don't need, support local shops.</p>
      <p>
        <a href="/privacy">Privacy: what Stoop keeps and counts</a>
      </p>
    </footer>
  );
}
