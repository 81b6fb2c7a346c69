/** Dashboard entry point: styles, then the app (sign-in, then the dashboard). */
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles/app.css';
import './styles/auth.css';
import './styles/plan.css';
import './styles/fly.css';
import { startApp } from './app/app.js';

void startApp();
