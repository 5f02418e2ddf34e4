// Entry: reads what the gateway says about itself (page-config.ts) and renders the catalog.
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { readPageConfig } from './page-config.js';
import './catalog.css';

const root = document.getElementById('catalog');
if (!root) throw new Error('the page has no #catalog element');
createRoot(root).render(<App config={readPageConfig()} />);
